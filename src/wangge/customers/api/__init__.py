"""The customers REST API: serializers, viewsets and their routes."""
