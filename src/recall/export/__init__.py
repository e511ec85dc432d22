"""Exports of the collection to other tools."""
