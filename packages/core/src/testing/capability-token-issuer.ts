import { type CryptoKey, generateKeyPair, type JWTPayload, SignJWT } from "jose";
import type { CapabilityTokenOptions } from "../permissions/capability-token-options.js";

const issuer = "https://auth.example.test";
const audience = "connectorguard";

/**
 * A throwaway ES256 issuer for tests: the guard's `capabilityTokens` settings (its public key) and a
 * `sign(claims)` that mints a token valid for ten minutes. `forge` signs with another key.
 *
 * @example
 * const issuer = await capabilityTokenIssuer();
 * const guard = createGuard({ connectors, capabilityTokens: issuer.capabilityTokens });
 * const token = await issuer.sign({ sub: "billing-bot", permissions: ["payments:write"] });
 */
export async function capabilityTokenIssuer() {
  const { publicKey, privateKey } = await generateKeyPair("ES256");
  const forgerKeys = await generateKeyPair("ES256");
  const signWith =
    (key: CryptoKey) =>
    (claims: JWTPayload): Promise<string> =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: "ES256" })
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt()
        .setExpirationTime("10m")
        .sign(key);
  const capabilityTokens: CapabilityTokenOptions = {
    algorithms: ["ES256"],
    key: publicKey,
    issuer,
    audience,
  };
  return { capabilityTokens, sign: signWith(privateKey), forge: signWith(forgerKeys.privateKey) };
}
