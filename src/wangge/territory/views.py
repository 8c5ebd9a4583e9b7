"""The city map page: grids, places and channels the viewer may see, drawn by Leaflet
from the map layers of the API."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from wangge.org.scope import assigned_units


@login_required
def city_map(request):
    return render(request, "territory/map.html", {"units": assigned_units(request.user)})
