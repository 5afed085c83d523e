"""Tests that attack the site from outside: script injection, forged posts, hostile input."""
