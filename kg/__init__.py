"""ipkg: a knowledge graph of China's provincial IP-strategy work plans (annual
compilations; the 2017 edition is bundled)."""

__version__ = "0.1.0"
