"""The bundled London sample survey: an illustrative, seed-reproducible synthetic SPSS file.

`generate` returns the respondents as a DataFrame; `write_sample` writes them as a labelled .sav.
"""

from explorer.core.survey.sample.generator import (
    DEFAULT_RESPONDENTS,
    DEFAULT_SEED,
    generate,
    metadata,
    write_sample,
)

__all__ = ["DEFAULT_RESPONDENTS", "DEFAULT_SEED", "generate", "metadata", "write_sample"]
