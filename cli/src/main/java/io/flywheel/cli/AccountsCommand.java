package io.flywheel.cli;

import picocli.CommandLine.Command;

@Command(
        name = "accounts",
        description = {
            "Connect platform accounts and list them: `accounts connect youtube|tiktok|instagram`"
                    + " (OAuth with PKCE on a loopback redirect: open the printed URL, authorise,"
                    + " and the token is stored encrypted with FLYWHEEL_PUBLISH_TOKEN_KEY),"
                    + " `accounts list` (account, token expiry, today's quota use); `accounts"
                    + " --help` lists the options.",
            "Runs the publishers' own account tool, so tokens are stored exactly as the publisher"
                    + " reads them."
        })
final class AccountsCommand extends ModuleToolCommand {
    AccountsCommand() {
        super("publishers", "io.flywheel.publishers.accounts.AccountsMain");
    }
}
