"""Outgoing requests: the list by stage (:mod:`.page`), the editor (:mod:`.editor`), the
supervisor's review (:mod:`.review`) and the resubmission diff (:mod:`.diff_view`).

Every change goes through :class:`app.workflow.RequestService`; every window offers
exactly what :meth:`~app.workflow.RequestService.allowed_actions` allows.
"""

from ui.requests.common import write_pool
from ui.requests.editor import RequestEditor
from ui.requests.page import RequestsPage
from ui.requests.review import ReviewDialog
from ui.requests.subject_picker import SubjectPicker

__all__ = ["RequestEditor", "RequestsPage", "ReviewDialog", "SubjectPicker", "write_pool"]
