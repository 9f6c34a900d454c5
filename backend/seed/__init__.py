"""The deterministic demo world: a wholesaler's catalog, 53 shops and their history.

Three demo shops plus fifty ordinary ones. The running service never imports this
package: ``python -m backend seed`` writes it into the database.
"""
