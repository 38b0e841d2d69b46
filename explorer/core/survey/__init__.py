"""Survey half: variable model, loaders (SPSS, CSV/XLSX, Triple-S, Parquet), weighted tables."""
