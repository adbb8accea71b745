"""Model stage: sources become the domain (meetings, items, decisions, people, links between meetings)."""
