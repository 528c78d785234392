package org.beacon.console.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RoleTest
{
    @Test
    void namesAndPagesFollowTheProtocol()
    {
        assertThat(Role.DISPATCHER.json()).isEqualTo("dispatcher");
        assertThat(Role.DISPATCHER.page()).isEqualTo("/dispatcher.html");
        assertThat(Role.TRAFFIC.json()).isEqualTo("traffic");
        assertThat(Role.TRAFFIC.page()).isEqualTo("/traffic.html");
        assertThat(Role.AUDITOR.json()).isEqualTo("auditor");
        assertThat(Role.AUDITOR.page()).isEqualTo("/audit.html");
        assertThat(Role.ADMIN.json()).isEqualTo("admin");
        assertThat(Role.ADMIN.page()).isEqualTo("/admin.html");
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void fromJsonRoundTrips(final Role role)
    {
        assertThat(Role.fromJson(role.json())).isSameAs(role);
    }

    @Test
    void unknownNamesAreRejectedWithTheName()
    {
        assertThatThrownBy(() -> Role.fromJson("operator"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("unknown role 'operator'");
        assertThatThrownBy(() -> Role.fromJson("DISPATCHER")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Role.fromJson(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
