// The service's answers as docs/openapi.yaml describes them (types generated from it by openapi-typescript, a tool
// that is not ours) fit the library's declarations: a change to the contract the library does not follow fails
// `npm run typecheck`.
import type { Token } from '../src/index.js';
import type { components, operations } from './contract/openapi.js';

type TokenPairAnswer = components['responses']['TokenPair']['content']['application/json'];
type TokenEndpointAnswer = operations['tokenEndpoint']['responses'][200]['content']['application/json'];
type ClaimAnswer = components['schemas']['ClaimAnswer'];

export const createdOrRefreshed: Token = {} as TokenPairAnswer['token'];
export const fromTheTokenEndpoint: Token = {} as TokenEndpointAnswer;
export const mergedDevice: Token = {} as NonNullable<ClaimAnswer['token']>;
