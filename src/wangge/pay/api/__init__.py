"""The pay REST API: serializers, viewsets and their routes."""
