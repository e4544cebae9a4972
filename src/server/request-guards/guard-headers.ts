/**
 * Request headers the guards write for Next route handlers, which never see the socket. Whatever a client
 * sent under these names is dropped first, so a route can trust them.
 */
export const PEER_ADDRESS_HEADER = "x-omniroute-peer-address";
export const CLIENT_ADDRESS_HEADER = "x-omniroute-client-address";

