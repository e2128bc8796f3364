from truthlens import hookimpl


class NotAMetric:
    name = "Bad Name!"


@hookimpl
def register_metrics() -> list[object]:
    return [NotAMetric()]
