from django.contrib import admin
from django_tasks_db.models import DBTaskResult

# The queue's table holds every region's jobs, and the admin shows each beheerder their own region
# only: the jobs are seen on their own pages (exports/views.py), by whoever asked for them.
if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)
