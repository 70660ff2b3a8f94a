"""Vigil: auditable casualty counts.

`vigil.open(url)` gives the Python facade (`vigil.facade.Vigil`): import, link, grade,
estimate, claims and statements on a store, through the same services as the `vigil` command.
Importing this package stays light: no database driver, numba, Splink or JVM until used.
"""

from vigil.config import Config
from vigil.errors import VigilError
from vigil.facade import Vigil, open

__version__ = "0.2.0"

__all__ = ["Config", "Vigil", "VigilError", "__version__", "open"]
