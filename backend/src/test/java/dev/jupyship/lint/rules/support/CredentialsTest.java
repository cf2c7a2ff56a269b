package dev.jupyship.lint.rules.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each secret format is found where it is, and look-alikes are not. (All keys below are made up or documented examples.) */
class CredentialsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "key = 'AKIAIOSFODNN7EXAMPLE'|an AWS access key id|7",
        "-----BEGIN RSA PRIVATE KEY-----\\nMIIE|a private key|0",
        "{\"type\": \"service_account\", \"project_id\": \"p\"}|a Google service-account key|10",
        "AIzaSyA1234567890abcdefghijklmnopqrstuv|a Google API key|0",
        "token ghp_0123456789abcdefghijABCDEFGHIJ012345 here|a GitHub token|6",
        "xoxb-1234567890-abcdefghij|a Slack token|0",
        "OPENAI_API_KEY=sk-proj-abcdefghijklmnopqrstuvwxyz0123456789|an OpenAI-style API key|15",
        "hf_abcdefghijklmnopqrstuvwxyzABCDEF|a Hugging Face token|0",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U|a JSON Web Token|0",
    })
    void findsEachFormat(String text, String kind, int start) {
        List<Credentials.Match> found = Credentials.find(text.replace("\\n", "\n"));
        assertEquals(1, found.size(), found.toString());
        assertEquals(kind, found.get(0).kind());
        assertEquals(start, found.get(0).start());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20181216",
        "AKIAIOSFODNN7EXAMPLEX",
        "the task-list is long",
        "hf_short",
        "ghp_tooShort",
        "eyJ only",
    })
    void ignoresLookAlikes(String text) {
        assertEquals(List.of(), Credentials.find(text));
    }

    @org.junit.jupiter.api.Test
    void anchorsInsideBase64AreTriedWhereTheyAreOnly() {
        String blob = ("eyJhbGciOiJIUzI1NiJ9" + "Qm9keSBvZiBhIGxhcmdlIGJsb2I/" + "sk-abc+").repeat(20_000);
        assertEquals(List.of(), Credentials.find(blob));
        String withKey = blob + " hf_abcdefghijklmnopqrstuvwxyzABCDEF";
        assertEquals(blob.length() + 1, Credentials.find(withKey).get(0).start());
    }

    @org.junit.jupiter.api.Test
    void findsASecretDeepInALargeOutput() {
        String large = "x ".repeat(2_000_000) + "AKIAIOSFODNN7EXAMPLE" + " y".repeat(1000);
        assertEquals(4_000_000, Credentials.find(large).get(0).start());
    }
}
