"""The evidence matrix (a mixed-methods joint display): themes × groups of one shared profile
dimension, each cell the survey's estimate beside the focus groups' voices, with the analyst's
notes. `themes` picks the rows, `matrix` computes the cells, `notes` holds what the analyst wrote.
"""
