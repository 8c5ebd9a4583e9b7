"""The org REST API: serializers, viewsets and their routes."""
