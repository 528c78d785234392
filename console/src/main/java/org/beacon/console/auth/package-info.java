/**
 * Access control of the console: accounts with Argon2id password hashes ({@link org.beacon.console.auth.UserStore}),
 * log-in throttling by source address ({@link org.beacon.console.auth.LoginThrottle}),
 * in-memory sessions ({@link org.beacon.console.auth.Sessions}), what each {@link org.beacon.console.auth.Role} may
 * command ({@link org.beacon.console.auth.Permissions}) and which personal data it may see
 * ({@link org.beacon.console.auth.PersonalData}).
 */
package org.beacon.console.auth;
