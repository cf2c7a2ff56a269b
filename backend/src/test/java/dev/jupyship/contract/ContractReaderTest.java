package dev.jupyship.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.json.Jsons;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Reading contracts: a complete one, and every malformed one named by its field. */
class ContractReaderTest {

    private static Contract parse(String json) throws Exception {
        return ContractReader.parse(Jsons.MAPPER.readValue(json.replace('\'', '"'), Map.class));
    }

    @Test
    void readsAFullContract() throws Exception {
        Contract contract = parse("""
                {'parameters': {'run_date': {'type': 'date', 'required': true}, 'output_dir': {'type': 'str'},
                                'n': {'type': 'int', 'default': 10, 'min': 1, 'max': 100},
                                'kind': {'type': 'str', 'allowed': ['a', 'b']}},
                 'outputs': {'files': ['*.csv'], 'model': {'path': 'model.pkl', 'method': 'predict', 'sample_input': [[1, 2]]},
                             'metrics': {'keys': {'accuracy': {'min': 0.8, 'better': 'higher', 'max_regression': 0.02},
                                                  'mae': {'max': 2.5, 'better': 'lower'}, 'n_rows': {}}}},
                 'test_parameters': {'run_date': '2026-01-31', 'n': 2},
                 'time_limit_seconds': 30}""");
        assertEquals(4, contract.parameters().size());
        assertEquals(ParameterType.DATE, contract.parameters().get("run_date").type());
        assertEquals("metrics.json", contract.outputs().metrics().file());
        assertEquals(0.8, contract.outputs().metrics().keys().get("accuracy").min());
        assertEquals(new Contract.Bound(0.8, null, Contract.Better.HIGHER, 0.02), contract.outputs().metrics().keys().get("accuracy"));
        assertEquals(new Contract.Bound(null, 2.5, Contract.Better.LOWER, null), contract.outputs().metrics().keys().get("mae"));
        assertEquals(new Contract.Bound(null, null), contract.outputs().metrics().keys().get("n_rows"));
        assertEquals("model", contract.outputs().model().name());
        assertEquals(30, contract.timeLimitSeconds());
        assertEquals("cloudpickle", contract.outputs().model().loader());
        assertTrue(contract.parameters().get("n").problem(0L).contains("below the minimum"));
        assertTrue(contract.parameters().get("kind").problem("c").contains("not one of the allowed values"));
    }

    private static final String MODEL = "{'parameters': {'output_dir': {'type': 'str'}}, 'outputs': {'model': {'path': 'm', ";

    @Test
    void readsAModelsInterface() throws Exception {
        Contract.Model model = parse("""
                {'parameters': {'output_dir': {'type': 'str'}},
                 'outputs': {'model': {'path': 'model.pkl', 'method': 'predict', 'input': {'tenure': 'int', 'plan': 'str', 'charges': 'float'},
                                       'output': 'float', 'sample_input': [{'tenure': 3, 'plan': 'basic', 'charges': 95}]}}}""")
                .outputs().model();
        assertEquals(java.util.Set.of("tenure", "plan", "charges"), model.input().keySet());
        assertEquals("str", model.input().get("plan"));
        assertEquals("float", model.output());
        assertEquals(null, parse("{'parameters': {'output_dir': {'type': 'str'}}, 'outputs': {'model': {'path': 'm'}}}").outputs().model().input());
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("{'parameters': {'n': {'type': 'integer'}}}", "contract.parameters.n.type: \"integer\" is not a type"),
                Arguments.of("{'parameters': {'n': {'type': 'int', 'dflt': 1}}}", "contract.parameters.n.dflt: unknown field"),
                Arguments.of("{'parameters': {'n': {'type': 'int', 'default': 'x'}}}", "contract.parameters.n.default: \"x\" is not an int"),
                Arguments.of("{'parameters': {'n': {'type': 'str', 'min': 1}}}", "contract.parameters.n.min: only int, float and date"),
                Arguments.of("{'parameters': {'d': {'type': 'date', 'default': '2026-13-01'}}}", "contract.parameters.d.default"),
                Arguments.of("{'parameters': {'2x': {'type': 'int'}}}", "contract.parameters.2x: '2x' is not a Python variable name"),
                Arguments.of("{'outputs': {'model': {'path': 'm.pkl'}}}", "declare an 'output_dir' parameter"),
                Arguments.of("{'parameters': {'output_dir': {'type': 'str'}}, 'outputs': {'model': {'path': '../m.pkl'}}}",
                        "contract.outputs.model.path: '../m.pkl' leaves output_dir"),
                Arguments.of("{'parameters': {'output_dir': {'type': 'str'}}, 'outputs': {'model': {'path': 'm', 'loader': 'joblib'}}}",
                        "contract.outputs.model.loader"),
                Arguments.of("{'parameters': {'output_dir': {'type': 'str'}}, 'outputs': {'metrics': {'keys': {'a': {'min': 'x'}}}}}",
                        "contract.outputs.metrics.keys.a.min"),
                Arguments.of("{'parameters': {'output_dir': {'type': 'str'}}, 'outputs': {'metrics': {'keys': {'auc': {'better': 'up'}}}}}",
                        "contract.outputs.metrics.keys.auc.better: \"up\" is not a direction; expected \"higher\" or \"lower\""),
                Arguments.of("{'parameters': {'output_dir': {'type': 'str'}}, 'outputs': {'metrics': {'keys': {'auc': {'max_regression': 0.1}}}}}",
                        "contract.outputs.metrics.keys.auc.max_regression: needs \"better\""),
                Arguments.of("{'parameters': {'output_dir': {'type': 'str'}}, "
                                + "'outputs': {'metrics': {'keys': {'auc': {'better': 'higher', 'max_regression': -0.1}}}}}",
                        "contract.outputs.metrics.keys.auc.max_regression: expected a number >= 0"),
                Arguments.of("{'parameters': {'output_dir': {'type': 'str'}}, "
                                + "'outputs': {'metrics': {'keys': {'auc': {'better': 'higher', 'max_regression': '0.1'}}}}}",
                        "contract.outputs.metrics.keys.auc.max_regression: expected a number, not \"0.1\""),
                Arguments.of("{'parameters': {'output_dir': {'type': 'str'}}, 'outputs': {'metrics': {'keys': {'auc': {'min': 0.9, 'max': 0.5}}}}}",
                        "contract.outputs.metrics.keys.auc: the minimum 0.9 is above the maximum 0.5"),
                Arguments.of("{'parameters': {'output_dir': {'type': 'str'}}, 'outputs': {'metrics': {'keys': {'auc': {'higher': true}}}}}",
                        "contract.outputs.metrics.keys.auc.higher: unknown field"),
                Arguments.of("{'parameters': {'output_dir': {'type': 'str'}}, 'outputs': {'model': {'path': 'm', 'name': '../x'}}}",
                        "contract.outputs.model.name: \"../x\" is not a model name"),
                Arguments.of("{'parameters': {'output_dir': {'type': 'str'}}, 'outputs': {'model': {'path': 'm', 'name': 3}}}",
                        "contract.outputs.model.name: 3 is not a model name"),
                Arguments.of(MODEL + "'method': 'predict', 'input': {'x': 'number'}}}}",
                        "contract.outputs.model.input.x: \"number\" is not a column type; expected one of int, float, str, bool"),
                Arguments.of(MODEL + "'method': 'predict', 'input': {}}}}", "contract.outputs.model.input: no columns"),
                Arguments.of(MODEL + "'method': 'predict', 'output': 'array'}}}",
                        "contract.outputs.model.output: \"array\" is not the type of one prediction; expected one of int, float, str, bool, list"),
                Arguments.of(MODEL + "'output': 'float'}}}", "contract.outputs.model: an input or output needs a method"),
                Arguments.of(MODEL + "'method': 'predict', 'input': {'x': 'float', 'plan': 'str'}, 'sample_input': [{'x': 1.5}]}}}",
                        "contract.outputs.model.sample_input[0]: missing the column 'plan'"),
                Arguments.of(MODEL + "'method': 'predict', 'input': {'x': 'int'}, 'sample_input': [{'x': 1}, {'x': 1.5}]}}}",
                        "contract.outputs.model.sample_input[1].x: 1.5 is not an int"),
                Arguments.of(MODEL + "'method': 'predict', 'input': {'x': 'float'}, 'sample_input': [{'x': 1, 'y': 2}]}}}",
                        "contract.outputs.model.sample_input[0].y: not a column of the model's input (x)"),
                Arguments.of(MODEL + "'method': 'predict', 'input': {'x': 'float'}, 'sample_input': [[1.0]]}}}",
                        "contract.outputs.model.sample_input[0]: expected an object, not a list"),
                Arguments.of(MODEL + "'method': 'predict', 'input': {'ok': 'bool'}, 'sample_input': [{'ok': 1}]}}}",
                        "contract.outputs.model.sample_input[0].ok: 1 is not a bool"),
                Arguments.of("{'parameters': {'n': {'type': 'int'}}, 'test_parameters': {'m': 1}}", "contract.test_parameters.m: not a parameter"),
                Arguments.of("{'parameters': {'n': {'type': 'int', 'max': 5}}, 'test_parameters': {'n': 9}}",
                        "contract.test_parameters.n: 9 is above the maximum 5"),
                Arguments.of("{'parameters': {'n': {'type': 'int', 'required': true}}}",
                        "contract.test_parameters: the required parameter 'n' needs a test value"),
                Arguments.of("{'time_limit_seconds': 0}", "contract.time_limit_seconds"),
                Arguments.of("{'parameter': {}}", "contract.parameter: unknown field"),
                Arguments.of("[]", "contract: expected an object"));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void malformedContractsNameTheField(String json, String expected) {
        ContractFormatException error = assertThrows(ContractFormatException.class,
                () -> ContractReader.parse(Jsons.MAPPER.readValue(json.replace('\'', '"'), Object.class)));
        assertTrue(error.getMessage().startsWith(expected) || error.getMessage().contains(expected), error.getMessage());
    }
}
