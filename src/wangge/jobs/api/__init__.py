"""The jobs REST API: serializers, viewsets and their routes."""
