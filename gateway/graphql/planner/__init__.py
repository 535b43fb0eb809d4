"""The planned read path: queries compiled once, executed level by level, shaped to JSON.

`compile` turns (schema, document, operation) into a cached plan; `run` executes it
with the graph's own resolvers and loaders; `extension` puts it in front of
graphql-core, which keeps everything the plan does not cover.
"""
