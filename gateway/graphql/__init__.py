"""The GraphQL skin: types, resolvers and loaders that call the domain services."""
