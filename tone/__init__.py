"""tone — offline message-tone analysis: criticism, contempt, support and need.

>>> from tone import Analyzer  # doctest: +SKIP
>>> Analyzer().score("You never listen to me").labels  # doctest: +SKIP
('criticism',)
"""

from tone.errors import DataError, FormatError, InputError, ModelError, ToneError

__version__ = "0.1.0"

__all__ = [
    "DataError",
    "FormatError",
    "InputError",
    "ModelError",
    "ToneError",
    "__version__",
]
