package dev.jupyship.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The remote recorded in a run's git facts never carries a token or password. */
class GitFactsReaderTest {

    @ParameterizedTest
    @CsvSource({
        "https://ghp_abc123@github.com/team/models.git, https://github.com/team/models.git",
        "https://oauth2:glpat-xyz@gitlab.example.com/team/models.git, https://gitlab.example.com/team/models.git",
        "http://user:secret@git.local:8080/models, http://git.local:8080/models",
        "https://github.com/team/models.git, https://github.com/team/models.git",
        "git@github.com:team/models.git, git@github.com:team/models.git",
        "ssh://git@github.com/team/models.git, ssh://git@github.com/team/models.git",
        "/srv/git/models.git, /srv/git/models.git"
    })
    void credentialsAreLeftOutOfTheRemote(String configured, String recorded) {
        assertEquals(recorded, GitFactsReader.withoutCredentials(configured));
    }
}
