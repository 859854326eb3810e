"""The bare app's one view: read one province's name (one SELECT) and return it as text."""

from django.db import connection
from django.http import HttpResponse
from django.urls import path


def read_one_row(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM businesses_province WHERE code = %s", [1])
        (name,) = cursor.fetchone()
    return HttpResponse(name, content_type="text/plain; charset=utf-8")


urlpatterns = [path("mot-dong/", read_one_row)]
