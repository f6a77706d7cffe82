"""ipkg: a knowledge graph of China's 2017 provincial IP-strategy work plans."""

__version__ = "0.1.0"
