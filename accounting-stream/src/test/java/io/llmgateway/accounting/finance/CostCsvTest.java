package io.llmgateway.accounting.finance;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.schemas.CostRecord;
import io.llmgateway.schemas.Outcome;
import java.io.StringWriter;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class CostCsvTest {

    @Test
    void theColumnsAreTheCostRecordsFieldsInTheirOrderAndAmountsArePlainDecimals() throws Exception {
        CostRecord cost = new CostRecord("r1", "acme", "default", "key-1", "gpt-4o-mini", "gpt-4o-mini-2024-07-18",
                "openai", Outcome.SUCCESS, 1000, 200, 50, 0, new BigDecimal("0.000120"), new BigDecimal("0.0000150"),
                new BigDecimal("0.0000300"), new BigDecimal("0.0000000165"), "2026-08-21", true, false, false,
                1L, 2L, 3L);
        StringWriter out = new StringWriter();
        try (var csv = CostCsv.CSV.writer(CostCsv.SCHEMA).writeValues(out)) {
            csv.write(cost);
        }

        assertThat(out.toString().lines()).containsExactly(
                "request_id,tenant_id,project_id,api_key_id,model_requested,model_served,provider,outcome,"
                        + "input_tokens,cached_input_tokens,output_tokens,reasoning_tokens,input_cost_usd,"
                        + "cached_input_cost_usd,output_cost_usd,cost_usd,price_list,priced,cache_hit,fallback_used,"
                        + "started_at_ms,finished_at_ms,recorded_at_ms",
                "r1,acme,default,key-1,gpt-4o-mini,gpt-4o-mini-2024-07-18,openai,success,1000,200,50,0,0.000120,"
                        + "0.0000150,0.0000300,0.0000000165,2026-08-21,true,false,false,1,2,3");
    }
}
