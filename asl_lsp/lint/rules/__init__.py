"""One module per lint rule; each module registers its rule with ``@register``."""
