package io.canarykit.admin.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestBodyTest {

    @Test
    void findsTheCharsetParameterWhateverItsCaseQuotesOrPlace() {
        assertThat(RequestBody.charsetOf("application/json; charset=nope")).contains("nope");
        assertThat(RequestBody.charsetOf("application/json;CHARSET=\"UTF-8\"")).contains("UTF-8");
        assertThat(RequestBody.charsetOf("text/plain; format=flowed; charset = latin1 ")).contains("latin1");
    }

    @Test
    void hasNoCharsetWithoutTheParameter() {
        assertThat(RequestBody.charsetOf(null)).isEqualTo(Optional.empty());
        assertThat(RequestBody.charsetOf("application/json")).isEmpty();
        assertThat(RequestBody.charsetOf("application/x-www-form-urlencoded; boundary=x")).isEmpty();
    }
}
