package dev.anonymousaccess.jwt;

/** How the service's keys sign JWTs: RS256 (RSA 2048, what API Gateway's JWT authorizer accepts) or ES256 (P-256). */
public enum SigningAlgorithm {
    RS256,
    ES256
}
