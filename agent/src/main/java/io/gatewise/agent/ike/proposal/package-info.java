/**
 * Typed IKE and ESP proposals, parsed from strongSwan's proposal syntax
 * ({@code aes128-sha1-modp2048}, {@code aes128gcm16-ecp256}) so that Gatewise configs
 * read like the swanctl.conf files operators know, plus first-match selection and
 * plain-words explanations of mismatches for logs and the UI.
 */
package io.gatewise.agent.ike.proposal;
