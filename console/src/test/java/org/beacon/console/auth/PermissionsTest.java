package org.beacon.console.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PermissionsTest
{
    private static final List<String> DISPATCHER = List.of(
        "DISPATCH", "CLOSE_INCIDENT", "CONFIRM_LOCATION", "ACCEPT_FIX", "SPLIT_CALL", "MERGE_INCIDENTS", "ADD_AGENCY",
        "CLEAR_NUISANCE", "WATCHLIST_ADD", "WATCHLIST_REMOVE", "ALERT_CLASSIFY", "ALERT_PROPOSE", "ALERT_EDIT", "ALERT_APPROVE",
        "ALERT_REJECT", "ALERT_CANCEL");
    private static final List<String> TRAFFIC = List.of(
        "SIGNAL_HOLD", "SIGNAL_ADVANCE", "SIGNAL_FLASH", "SIGNAL_RELEASE", "SIGNAL_RESET_FAULT");

    @Test
    void commandSetsAreTheProtocolsCommands()
    {
        assertThat(Permissions.dispatcherCommands()).containsExactlyElementsOf(DISPATCHER);
        assertThat(Permissions.trafficCommands()).containsExactlyElementsOf(TRAFFIC);
        assertThat(Permissions.allCommands()).hasSize(DISPATCHER.size() + TRAFFIC.size())
            .containsAll(DISPATCHER).containsAll(TRAFFIC);
        assertThat(Permissions.dispatcherCommands()).doesNotContainAnyElementsOf(TRAFFIC);
    }

    @Test
    void commandSetsAreUnmodifiable()
    {
        assertThatThrownBy(() -> Permissions.dispatcherCommands().add("SIGNAL_HOLD"))
            .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> Permissions.trafficCommands().add("DISPATCH"))
            .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> Permissions.allCommands().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void everyRoleAgainstEveryCommand(final Role role)
    {
        for (final String command : DISPATCHER)
        {
            assertThat(Permissions.mayCommand(role, command)).as("%s may %s", role, command).isEqualTo(role == Role.DISPATCHER);
        }
        for (final String command : TRAFFIC)
        {
            assertThat(Permissions.mayCommand(role, command)).as("%s may %s", role, command).isEqualTo(role == Role.TRAFFIC);
        }
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void unknownCommandsAreRefusedToEveryone(final Role role)
    {
        assertThat(Permissions.mayCommand(role, "SHUTDOWN")).isFalse();
        assertThat(Permissions.mayCommand(role, "dispatch")).isFalse();
        assertThat(Permissions.mayCommand(role, "")).isFalse();
        assertThat(Permissions.mayCommand(role, null)).isFalse();
    }

    @Test
    void noRoleMayDoNothing()
    {
        for (final String command : Permissions.allCommands())
        {
            assertThat(Permissions.mayCommand(null, command)).isFalse();
        }
        assertThat(Permissions.mayAudit(null)).isFalse();
        assertThat(Permissions.mayAdminister(null)).isFalse();
    }

    @Test
    void auditAndAdministration()
    {
        assertThat(Permissions.mayAudit(Role.DISPATCHER)).isFalse();
        assertThat(Permissions.mayAudit(Role.TRAFFIC)).isFalse();
        assertThat(Permissions.mayAudit(Role.AUDITOR)).isTrue();
        assertThat(Permissions.mayAudit(Role.ADMIN)).isTrue();

        assertThat(Permissions.mayAdminister(Role.DISPATCHER)).isFalse();
        assertThat(Permissions.mayAdminister(Role.TRAFFIC)).isFalse();
        assertThat(Permissions.mayAdminister(Role.AUDITOR)).isFalse();
        assertThat(Permissions.mayAdminister(Role.ADMIN)).isTrue();
    }
}
