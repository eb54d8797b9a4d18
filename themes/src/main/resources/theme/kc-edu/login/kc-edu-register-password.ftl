<#import "template.ftl" as layout>
<#import "field.ftl" as field>
<#import "buttons.ftl" as buttons>
<#-- Opened by the registration link: the user chooses a password (realm policy); the e-mail cannot be edited here. -->
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('password','password-confirm'); section>
    <#if section = "header">
        ${msg("kceduRegisterPasswordTitle")}
    <#elseif section = "form">
        <p id="kcedu-register-for">${msg("kceduRegisterPasswordFor", kceduEmail)}</p>
        <form id="kcedu-register-password-form" class="${properties.kcFormClass!}" action="${kceduAction}" method="post" novalidate="novalidate">
            <input type="hidden" name="key" value="${kceduKey}"/>
            <input type="text" name="username" value="${kceduEmail}" autocomplete="username" hidden aria-hidden="true" readonly tabindex="-1"/>
            <@field.password name="password" label=msg("password") autocomplete="new-password" required=true autofocus=true />
            <@field.password name="password-confirm" label=msg("passwordConfirm") autocomplete="new-password" required=true />
            <@buttons.actionGroup>
                <@buttons.button id="kc-submit" label="kceduRegisterCreate"/>
            </@buttons.actionGroup>
        </form>
    </#if>
</@layout.registrationLayout>
