<#import "template.ftl" as layout>
<#import "field.ftl" as field>
<#import "buttons.ftl" as buttons>
<#-- kc-edu registration (requirements §7.2): e-mail, first and last name only; the outcome is told by e-mail. -->
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('email','firstName','lastName'); section>
    <#if section = "header">
        ${msg("kceduRegisterTitle")}
    <#elseif section = "form">
        <p id="kcedu-register-intro">${msg("kceduRegisterIntro")}</p>
        <form id="kc-register-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate="novalidate">
            <@field.input name="email" label=msg("email") value=(kceduForm.email)!'' autocomplete="email" required=true autofocus=true />
            <@field.input name="firstName" label=msg("firstName") value=(kceduForm.firstName)!'' autocomplete="given-name" required=true />
            <@field.input name="lastName" label=msg("lastName") value=(kceduForm.lastName)!'' autocomplete="family-name" required=true />
            <@buttons.actionGroup>
                <@buttons.button id="kc-register" label="doRegister"/>
                <@buttons.buttonLink href=url.loginUrl label="backToLogin"/>
            </@buttons.actionGroup>
        </form>
    </#if>
</@layout.registrationLayout>
