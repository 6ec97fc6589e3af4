<?php
class RegisterRequest extends FormRequest {
    public function rules() {
        return [
            'email' => 'required|email|unique:users',
            'password' => 'required|string|min:8|confirmed',
        ];
    }
}
