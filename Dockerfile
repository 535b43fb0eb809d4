FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY gateway ./gateway
COPY migrations ./migrations
COPY schema ./schema
RUN pip install --no-cache-dir -e .
EXPOSE 8000
CMD ["ispyb-gateway", "serve", "--host", "0.0.0.0"]
