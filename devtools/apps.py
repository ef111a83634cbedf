from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Benchmark, load, profiling and data-generating commands: installed only with DEBUG=1 or
    DEV_TOOLS=1, so production never imports them (nor pyinstrument, nor aiosmtpd)."""

    name = "devtools"
    verbose_name = "Development tools"
