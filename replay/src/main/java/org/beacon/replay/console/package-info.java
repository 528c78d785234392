/**
 * What the replay module gives the console gateway: the auditor's verification of a running node's journals.
 */
package org.beacon.replay.console;
