module github.com/openleash/openleash/sdks/go

go 1.24.0

require github.com/oapi-codegen/runtime v1.4.0

require (
	github.com/apapsch/go-jsonmerge/v2 v2.0.0 // indirect
	github.com/golang-jwt/jwt/v5 v5.3.1 // indirect
	github.com/google/uuid v1.6.0 // indirect
)
