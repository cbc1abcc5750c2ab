"""The preview of `brochure serve`: pages as images, and the local web server that shows them."""
