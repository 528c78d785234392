/**
 * The console gateway (Netty HTTP and WebSocket) and the web consoles it serves: dispatcher, traffic operator,
 * auditor and admin. See the module's README for the protocol between the browsers and the server.
 */
package org.beacon.console;
