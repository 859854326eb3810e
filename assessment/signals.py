"""Extension point for apps to the left of `assessment` (campaigns, reports): they may not be imported here.

`assessment_submitted` is sent inside the submission's transaction, with `assessment` (just submitted) and
`result` (`assessment.scoring.ScoreResult`); a receiver that writes summary rows does so in the same
transaction, so the summary never disagrees with the assessments.
"""

from django.dispatch import Signal

assessment_submitted = Signal()
