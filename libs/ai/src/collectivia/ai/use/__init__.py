"""The one pathway of an AI use, for every service that uses AI (the citizen chat, the
agents' assistant, next the officials' forecasts and briefings):

1. the register's gate — may this system be used for this purpose, now? (fail-closed,
   cached, dropped on ``register.system-status-changed``): ``gate``, ``own_entry``;
2. the privacy guard — personal data masked before anything leaves, special categories
   (GDPR Art. 9) refused or kept local unless the entry was approved for them: ``pathway``,
   ``masking``;
3. the model, or the caller's offline path (the caller's own);
4. personal data restored in the output for the person who asked: ``restoring``;
5. the evidence of the use (``ai.used``) with its human review and what it consumed (CPU
   time, the model's tokens, the estimated energy): ``evidence``, ``consumption``,
   ``energy``.

``AiUsePathway`` holds steps 1, 2 and 5 with their order; ``area.ai_use_area`` builds it as
an area of the service, from its settings section (system id, purpose: settings only).
"""
