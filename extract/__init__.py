"""extract: pages to clean text and metadata, text to structured claims.

Public surface: main_text, article_from_html, article_from_text, extract_claims, Claim, Article,
extractor_version, preload. Pure functions: nothing here touches the database.
"""
from extract.article import Article, article_from_html, article_from_text
from extract.claims import Claim, extract_claims, extractor_version
from extract.main_text import main_text
from extract.preload import preload

__all__ = ["Article", "Claim", "article_from_html", "article_from_text", "extract_claims", "extractor_version", "main_text",
           "preload"]
