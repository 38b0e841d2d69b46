"""The bundled, illustrative London sample: installed as `explorer.sample_data`.

Code finds these files through `explorer.core.sample_files` (importlib.resources), never by path.
"""
