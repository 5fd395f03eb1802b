from api import services
from base.jobs import reliable_task


@reliable_task()
def regenerate_open_data() -> int:
    """Celery beat, every night: the published register as CSV and JSON files."""
    return services.regenerate_open_data()
