"""callwright: contact-centre routing, forecasting, staffing, scheduling and simulation."""

from callwright._callwright import __version__

__all__ = ["__version__"]
