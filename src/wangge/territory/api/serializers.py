"""Places, channels and the map layers (GeoJSON drawn by our own pages)."""

from __future__ import annotations

from rest_framework import serializers

from wangge.territory.models import Channel, Place


class PlaceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Place
        fields = ["id", "code", "name", "kind", "lon", "lat", "households", "enterprises"]


class ChannelSerializer(serializers.ModelSerializer):
    class Meta:
        model = Channel
        fields = ["id", "code", "name", "kind", "lon", "lat", "grid"]
