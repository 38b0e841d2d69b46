"""Exports: tables and quotes to CSV/XLSX/text, whole briefings to PowerPoint, and the export log;
each carries the protective marking, data sources, filter, bases and the illustrative notice."""
