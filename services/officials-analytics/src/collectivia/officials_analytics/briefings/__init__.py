"""The officials' monthly briefing per commune: the key changes in plain French, each figure
a computed one (template by default, a model's rewording checked figure by figure)."""
