/**
 * The Netty HTTP/WebSocket gateway and the web consoles (issue 6). Nothing is built here yet.
 */
package org.beacon.console;
