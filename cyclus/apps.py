from django.apps import AppConfig


class CyclusConfig(AppConfig):
    """The funding cycle's calendar, derived from the data of the apps below it, and what reaches
    people from it: each role's to-do list on the home page, e-mail reminders, an agenda feed and
    drafted payment reminders. Above rapportage (it names a meeting's laid-down report), below regios."""

    name = "cyclus"
    verbose_name = "Jaarcyclus"
